import { Writable } from 'node:stream';
import { expect } from 'chai';
import { logFormatFor, serverLogger } from '../../scripts/start/logger';

// The colour codes pino-pretty writes for a terminal.
const COLOURS = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/** A stream that keeps what is written to it, a terminal or not. */
function capture(isTTY: boolean) {
  const chunks: string[] = [];
  const stream = Object.assign(
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk.toString());
        done();
      },
    }),
    { isTTY },
  );
  return { stream, text: () => chunks.join('').replace(COLOURS, '') };
}

describe('Start | log format', () => {
  it('is pretty only on a terminal, outside production, with pino-pretty installed', () => {
    const development = { isProduction: false };
    const production = { isProduction: true };

    expect(logFormatFor(development, { isTTY: true }, true)).to.equal('pretty');
    expect(logFormatFor(development, { isTTY: false }, true)).to.equal('json');
    expect(logFormatFor(development, {}, true)).to.equal('json');
    expect(logFormatFor(production, { isTTY: true }, true)).to.equal('json');
    expect(logFormatFor(development, { isTTY: true }, false)).to.equal('json');
  });

  it('writes text for a person on a terminal, at the level the settings give', async () => {
    const { stream, text } = capture(true);
    const logger = serverLogger({ isProduction: false, logLevel: 'warn' }, stream);

    logger.info('not shown');
    logger.warn({ port: 3000 }, 'listening');
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(text()).to.match(/WARN.*listening/);
    expect(text()).to.include('port: 3000');
    expect(text()).not.to.include('not shown');
    expect(() => JSON.parse(text())).to.throw(SyntaxError);
  });

  it('writes one JSON object per line in production, even on a terminal', () => {
    const { stream, text } = capture(true);
    const logger = serverLogger({ isProduction: true, logLevel: 'info' }, stream);

    logger.info({ port: 3000 }, 'listening');

    expect(JSON.parse(text())).to.include({ level: 30, port: 3000, msg: 'listening' });
  });
});
