#include "providers/provider_presets.h"

namespace ps::providers {

const std::vector<ProviderPreset> &providerPresets()
{
    static const std::vector<ProviderPreset> presets {
        {"OpenAI", "openai", ProviderKind::OpenAi, "", "OPENAI_API_KEY", false},
        {"Anthropic", "anthropic", ProviderKind::Anthropic, "", "ANTHROPIC_API_KEY", false},
        {"Google Gemini", "gemini", ProviderKind::Gemini, "", "GEMINI_API_KEY", false},
        {"Azure OpenAI", "azure", ProviderKind::AzureOpenAi, "", "AZURE_OPENAI_API_KEY", false},
        {"DeepSeek", "deepseek", ProviderKind::OpenAiCompatible, "https://api.deepseek.com/v1",
            "DEEPSEEK_API_KEY", false},
        {"Qwen (DashScope, international)", "qwen", ProviderKind::OpenAiCompatible,
            "https://dashscope-intl.aliyuncs.com/compatible-mode/v1", "DASHSCOPE_API_KEY", false},
        {"Qwen (DashScope, China)", "qwen-cn", ProviderKind::OpenAiCompatible,
            "https://dashscope.aliyuncs.com/compatible-mode/v1", "DASHSCOPE_API_KEY", false},
        {"OpenRouter", "openrouter", ProviderKind::OpenAiCompatible, "https://openrouter.ai/api/v1",
            "OPENROUTER_API_KEY", false},
        {"Groq", "groq", ProviderKind::OpenAiCompatible, "https://api.groq.com/openai/v1",
            "GROQ_API_KEY", false},
        {"Together AI", "together", ProviderKind::OpenAiCompatible, "https://api.together.xyz/v1",
            "TOGETHER_API_KEY", false},
        // No URL: OLLAMA_HOST, else localhost:11434, as the ollama command itself finds it.
        {"Ollama", "ollama", ProviderKind::Ollama, "", "", true},
        {"vLLM", "vllm", ProviderKind::OpenAiCompatible, "http://localhost:8000/v1", "", true},
        {"LM Studio", "lmstudio", ProviderKind::OpenAiCompatible, "http://localhost:1234/v1", "",
            true},
        {"llama.cpp server", "llamacpp", ProviderKind::OpenAiCompatible,
            "http://localhost:8080/v1", "", true},
    };
    return presets;
}

} // namespace ps::providers
