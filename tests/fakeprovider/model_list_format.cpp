#include "model_list_format.h"

#include "server_context.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

namespace ps::fakeprovider {

namespace {

using Json = nlohmann::json;

void sendJson(httplib::Response &response, int status, const Json &body)
{
    response.status = status;
    response.set_content(body.dump(), "application/json");
}

bool bearerMatches(const httplib::Request &request, const std::string &key)
{
    return key.empty() || request.get_header_value("Authorization") == "Bearer " + key;
}

void listOpenAi(ServerContext &context, const httplib::Request &request,
    httplib::Response &response)
{
    if (!bearerMatches(request, context.options().apiKey)) {
        sendJson(response, 401,
            {{"error", {{"message", "Incorrect API key provided."}, {"type", "invalid_request_error"},
                           {"param", nullptr}, {"code", "invalid_api_key"}}}});
        return;
    }
    Json data = Json::array();
    for (const std::string &model : context.options().models)
        data.push_back({{"id", model}, {"object", "model"}, {"created", 1700000000},
            {"owned_by", "fake"}});
    sendJson(response, 200, {{"object", "list"}, {"data", data}});
}

void listAnthropic(ServerContext &context, const httplib::Request &request,
    httplib::Response &response)
{
    const std::string &key = context.options().apiKey;
    if (!key.empty() && request.get_header_value("x-api-key") != key) {
        sendJson(response, 401,
            {{"type", "error"},
                {"error", {{"type", "authentication_error"}, {"message", "invalid x-api-key"}}}});
        return;
    }
    Json data = Json::array();
    for (const std::string &model : context.options().models)
        data.push_back({{"type", "model"}, {"id", model}, {"display_name", "Fake " + model},
            {"created_at", "2026-01-01T00:00:00Z"}});
    const std::vector<std::string> &models = context.options().models;
    sendJson(response, 200,
        {{"data", data}, {"has_more", false},
            {"first_id", models.empty() ? Json(nullptr) : Json(models.front())},
            {"last_id", models.empty() ? Json(nullptr) : Json(models.back())}});
}

void listGemini(ServerContext &context, const httplib::Request &request,
    httplib::Response &response)
{
    const std::string &key = context.options().apiKey;
    if (!key.empty() && request.get_header_value("x-goog-api-key") != key) {
        // As Gemini answers a wrong key: 400, not 401.
        sendJson(response, 400,
            {{"error",
                {{"code", 400}, {"message", "API key not valid. Please pass a valid API key."},
                    {"status", "INVALID_ARGUMENT"},
                    {"details", Json::array({{{"@type", "type.googleapis.com/google.rpc.ErrorInfo"},
                                    {"reason", "API_KEY_INVALID"}}})}}}});
        return;
    }
    Json models = Json::array();
    for (const std::string &model : context.options().models)
        models.push_back({{"name", "models/" + model}, {"displayName", "Fake " + model},
            {"supportedGenerationMethods", Json::array({"generateContent", "countTokens"})}});
    // An embedding model, which cannot answer a prompt: a client lists only the ones that can.
    models.push_back({{"name", "models/fake-embedding"}, {"displayName", "Fake embedding"},
        {"supportedGenerationMethods", Json::array({"embedContent"})}});
    sendJson(response, 200, {{"models", models}});
}

void listOllama(ServerContext &context, const httplib::Request &request,
    httplib::Response &response)
{
    if (!bearerMatches(request, context.options().apiKey)) {
        sendJson(response, 401, {{"error", "unauthorized"}});
        return;
    }
    Json models = Json::array();
    for (const std::string &model : context.options().models)
        models.push_back({{"name", model + ":latest"}, {"model", model + ":latest"},
            {"modified_at", "2026-01-01T00:00:00Z"}, {"size", 1000},
            {"details", {{"format", "gguf"}, {"family", "fake"}}}});
    sendJson(response, 200, {{"models", models}});
}

} // namespace

void installModelListRoutes(httplib::Server &server, ServerContext &context)
{
    server.Get("/v1/models", [&context](const httplib::Request &request, httplib::Response &response) {
        context.record(request);
        if (request.has_header("anthropic-version"))
            listAnthropic(context, request, response);
        else
            listOpenAi(context, request, response);
    });
    server.Get("/v1beta/models", [&context](const httplib::Request &request, httplib::Response &response) {
        context.record(request);
        listGemini(context, request, response);
    });
    server.Get("/api/tags", [&context](const httplib::Request &request, httplib::Response &response) {
        context.record(request);
        listOllama(context, request, response);
    });
}

} // namespace ps::fakeprovider
