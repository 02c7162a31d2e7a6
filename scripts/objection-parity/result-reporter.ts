import fs from 'node:fs';
import Mocha from 'mocha';
import { parityEnvOf } from './parity-env';
import type { TestOutcome } from './outcomes';

const { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING } = Mocha.Runner.constants;

/**
 * A mocha reporter for the parity run: the spec reporter's output for the log, plus every test's
 * outcome appended to the file the runner names, one JSON line per test as it ends (so that a run
 * stopped halfway keeps what it ran). A failing hook is recorded as a failure of its own title;
 * the tests it kept from running are counted by the runner as not run.
 */
class ParityResultReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const { resultsFile } = parityEnvOf(process.env);
    const record = (state: TestOutcome['state']) => (test: Mocha.Runnable, error?: unknown) => {
      const message = error instanceof Error ? error.message : undefined;
      const outcome: TestOutcome = {
        titlePath: test.titlePath(),
        state,
        ...(message === undefined ? {} : { error: message.split('\n')[0]! }),
      };
      fs.appendFileSync(resultsFile, `${JSON.stringify(outcome)}\n`);
    };
    runner.on(EVENT_TEST_PASS, record('passed'));
    runner.on(EVENT_TEST_FAIL, record('failed'));
    runner.on(EVENT_TEST_PENDING, record('pending'));
  }
}

export = ParityResultReporter;
