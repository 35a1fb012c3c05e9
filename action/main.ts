import { writeFile } from 'node:fs/promises';
import * as core from '@actions/core';
import { Octokit } from '@octokit/rest';
import { readActionSettings } from './inputs.js';
import { runAction } from './run-action.js';

/** The Action's entry: read settings, run, report; any error fails the step with its message. */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  try {
    const settings = readActionSettings(env);
    const { SHIPGATE_GITHUB_TOKEN: _token, GITHUB_TOKEN: _githubToken, ...commandEnv } = env;
    const outcome = await runAction(settings, {
      octokit: settings.dryRun
        ? null
        : new Octokit({ auth: settings.token, baseUrl: settings.apiUrl, userAgent: 'shipgate-action' }),
      now: () => new Date(),
      log: (line) => core.info(line),
      setOutput: (name, value) => core.setOutput(name, value),
      writeSummary: async (markdown) => {
        if (env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(markdown).write();
      },
      writeFile: (file, text) => writeFile(file, text),
      commandEnv,
    });
    if (outcome.conclusion === 'failure') {
      const failed = outcome.result.blocking_failures.map((g) => g.gate).join(', ');
      core.setFailed(
        failed
          ? `blocking gate(s) failed: ${failed}. See the 'shipgate / risk' check run for details.`
          : `risk tier is high and fail-on is high-risk. See the 'shipgate / risk' check run.`,
      );
    }
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error));
  }
}
