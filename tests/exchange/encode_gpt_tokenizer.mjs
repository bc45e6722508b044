// Encodes texts with gpt-tokenizer (a port of tiktoken checked against tiktoken's own vectors),
// for comparing Promptsmith's tokenizer with it on many generated texts.
//   node encode_gpt_tokenizer.mjs GPT_TOKENIZER_PARENT TEXTS.json
// TEXTS.json is a JSON array of strings; prints {"cl100k_base": [[ids]...], "o200k_base": [...]}.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const [root, textsFile] = process.argv.slice(2);
const require = createRequire(join(root, 'node_modules', 'noop.js'));
const texts = JSON.parse(readFileSync(textsFile, 'utf8'));
const result = {};
for (const name of ['cl100k_base', 'o200k_base']) {
    const { encode } = require(`gpt-tokenizer/cjs/encoding/${name}`);
    result[name] = texts.map((text) => encode(text));
}
process.stdout.write(JSON.stringify(result));
