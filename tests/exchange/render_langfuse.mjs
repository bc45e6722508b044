// Renders a Langfuse prompt file (the array our `export --format langfuse` writes) the way
// Langfuse's own client does: `new ChatPromptClient(item).compile(vars)` for each item.
//   node render_langfuse.mjs NODE_MODULES_PARENT ITEMS.json VARS.json
// Prints [[{role, content}, ...], ...], one list per item.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [root, itemsFile, varsFile] = process.argv.slice(2);
const client = await import(pathToFileURL(join(root, 'node_modules/@langfuse/client/dist/index.mjs')).href);
const items = JSON.parse(readFileSync(itemsFile, 'utf8'));
const vars = JSON.parse(readFileSync(varsFile, 'utf8'));
const rendered = items.map((item) => {
    const prompt = item.type === 'text' ? new client.TextPromptClient(item) : new client.ChatPromptClient(item);
    const compiled = prompt.compile(vars);
    return typeof compiled === 'string' ? [{ role: 'user', content: compiled }]
        : compiled.map((message) => ({ role: message.role, content: message.content }));
});
process.stdout.write(JSON.stringify(rendered));
