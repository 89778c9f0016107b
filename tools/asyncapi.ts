/**
 * `npm run asyncapi`: writes asyncapi.json, the AsyncAPI 3.0 document of the integration events
 * (shipped with the package), from the classes themselves. src/integration-contracts.spec.ts fails
 * when the file is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { asyncApiDocument } from '../src/core/index.js';
import { INTEGRATION_CONTRACTS } from '../src/integration-contracts.js';

const root = resolve(import.meta.dirname, '..');
const { name, version } = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
};
const document = asyncApiDocument({ title: `${name} integration events`, version, ...INTEGRATION_CONTRACTS });
writeFileSync(resolve(root, 'asyncapi.json'), `${JSON.stringify(document, null, 2)}\n`);
process.stdout.write(`asyncapi.json: ${Object.keys(document.channels as object).length} channels\n`);
