import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';

const ROOT = path.resolve(__dirname, '..', '..');
// The README and the deeper docs it links show examples the same way.
const DOCUMENTS = [
  'README.md',
  ...fs
    .readdirSync(path.join(ROOT, 'docs'))
    .filter((file) => file.endsWith('.md'))
    .map((file) => `docs/${file}`),
];

// A README example is written as <!-- example: examples/<file>.ts --> followed by a ```ts block.
const EXAMPLE_BLOCK = /<!-- example: (\S+) -->\s*```ts\n([\s\S]*?)```/g;

function readmeRegion(file: string): string {
  const source = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const region = /\/\/ #region readme\n([\s\S]*?)\n\s*\/\/ #endregion/.exec(source)?.[1];
  if (region === undefined) throw new Error(`${file} has no "// #region readme" … "// #endregion"`);
  const lines = region.split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return lines.map((line) => line.slice(indent)).join('\n');
}

describe('Docs | README examples are the code the tests run', () => {
  const blocks = DOCUMENTS.flatMap((document) =>
    [...fs.readFileSync(path.join(ROOT, document), 'utf8').matchAll(EXAMPLE_BLOCK)].map(
      ([, file, code]) => ({ document, file: file!, code: code! }),
    ),
  );

  it('has example blocks, in the README and in docs/', () => {
    const documents = new Set(blocks.map((block) => block.document));
    expect(documents).to.include('README.md');
    expect(documents).to.include('docs/set-based-writes.md');
  });

  for (const { document, file, code } of blocks) {
    it(`${document} shows ${file} exactly as it is run`, () => {
      expect(code.trimEnd()).to.equal(readmeRegion(file).trimEnd());
    });
  }
});
