// Validates the front matter of .prompty files against Prompty's current schema (root
// Agent.yaml, JSON Schema 2020-12 written as YAML) with Ajv, the way Prompty's own tooling reads it.
//   node validate_prompty.mjs AJV_PARENT JS_YAML_PARENT SCHEMA_DIR FILE.prompty...
// Prints one JSON list: [{file, valid, errors}], and exits 0 whether or not they are valid.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const [ajvRoot, yamlRoot, schemaDir, ...files] = process.argv.slice(2);
const requireAjv = createRequire(join(ajvRoot, 'node_modules', 'noop.js'));
const requireYaml = createRequire(join(yamlRoot, 'node_modules', 'noop.js'));
const Ajv2020 = requireAjv('ajv/dist/2020').default;
const yaml = requireYaml('js-yaml');

// Non-strict: the schemas carry keywords of their own (descriptions on $ref siblings, defaults).
const ajv = new Ajv2020({ strict: false, allErrors: true });
for (const name of readdirSync(schemaDir).filter((n) => n.endsWith('.yaml')))
    ajv.addSchema(yaml.load(readFileSync(join(schemaDir, name), 'utf8')));
const validate = ajv.getSchema('Agent.yaml');

const results = files.map((file) => {
    const text = readFileSync(file, 'utf8');
    const match = /^(---|\+\+\+)\r?\n([\s\S]*?)\r?\n\1\r?\n/.exec(text);
    if (!match)
        return { file, valid: false, errors: ['no front matter'] };
    const front = yaml.load(match[2]);
    const valid = validate(front);
    return { file, valid, errors: valid ? [] : validate.errors.map((e) => `${e.instancePath} ${e.message}`) };
});
process.stdout.write(JSON.stringify(results));
