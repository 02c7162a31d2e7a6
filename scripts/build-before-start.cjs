// `npm start`'s first step (prestart). Where the compiler is installed (a clone, after `npm ci`),
// build dist/ afresh, so that the first command of the README does everything; where it is not
// (a production install, pruned with `npm prune --omit=dev`), start what `npm run build`
// compiled before the prune. The build's output goes to stderr: stdout is the server's log.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const entry = path.join(root, 'dist', 'scripts', 'start.js');

function isCompilerInstalled() {
  try {
    require.resolve('typescript', { paths: [root] });
    return true;
  } catch {
    return false;
  }
}

if (isCompilerInstalled()) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const build = spawnSync(npm, ['run', '--silent', 'build'], {
    cwd: root,
    stdio: ['ignore', process.stderr, process.stderr],
  });
  process.exitCode = build.status ?? 1;
} else if (!fs.existsSync(entry)) {
  console.error(
    'dist/ is not built and TypeScript is not installed: run `npm run build` before `npm prune --omit=dev`',
  );
  process.exitCode = 1;
}
