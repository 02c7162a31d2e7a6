import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { servedOpenApiDocument } from '../../scripts/openapi/served-document';

const ROOT = path.resolve(__dirname, '..', '..');
const SPECTRAL = path.join(ROOT, 'node_modules', '.bin', 'spectral');

interface SpectralResult {
  code: string;
  message: string;
  path: string[];
  severity: number;
}

// The document does not depend on the dialect: linted once.
describe('HTTP | OpenAPI document under Spectral', function () {
  this.timeout(120_000);

  it("has no finding of Spectral's OpenAPI rules, of any severity", async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'openapi-lint-'));
    try {
      const file = path.join(folder, 'openapi.json');
      await writeFile(file, JSON.stringify(await servedOpenApiDocument(), null, 2));

      const { stdout } = await promisify(execFile)(
        SPECTRAL,
        [
          'lint',
          file,
          '--ruleset',
          path.join(ROOT, '.spectral.yaml'),
          '--format',
          'json',
          '--quiet',
        ],
        { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
      );
      const findings = (JSON.parse(stdout || '[]') as SpectralResult[]).map(
        (result) => `${result.code} at ${result.path.join('.')}: ${result.message}`,
      );

      expect(findings).to.deep.equal([]);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
