// The reference for scripts/bench-tokens.sh: gpt-tokenizer counting the same document, best of 20
// warm runs, and its first count (loading the encoding).
//   node count_gpt_tokenizer.mjs GPT_TOKENIZER_PARENT DOCUMENT
// Prints "encoding<TAB>tokens<TAB>best ms<TAB>first ms" for o200k_base and cl100k_base.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const [root, documentFile] = process.argv.slice(2);
const require = createRequire(join(root, 'node_modules', 'noop.js'));
const text = readFileSync(documentFile, 'utf8');
for (const name of ['o200k_base', 'cl100k_base']) {
    let start = performance.now();
    const { countTokens } = require(`gpt-tokenizer/cjs/encoding/${name}`);
    let tokens = countTokens(text);
    const first = performance.now() - start;
    let best = Infinity;
    for (let round = 0; round < 20; ++round) {
        start = performance.now();
        tokens = countTokens(text);
        best = Math.min(best, performance.now() - start);
    }
    console.log(`${name}\t${tokens}\t${best.toFixed(1)}\t${first.toFixed(1)}`);
}
