import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';

const ROOT = path.resolve(__dirname, '..', '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

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
  const blocks = [...README.matchAll(EXAMPLE_BLOCK)];

  it('has example blocks', () => {
    expect(blocks.length).to.be.greaterThan(0);
  });

  for (const [, file, code] of blocks) {
    it(`shows ${file} exactly as it is run`, () => {
      expect(code!.trimEnd()).to.equal(readmeRegion(file!).trimEnd());
    });
  }
});
