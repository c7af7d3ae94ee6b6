import { describe, expect, it } from 'vitest';
import { useHub } from '../support/use-hub.js';
import { askVerb, waitingRun } from '../support/verb-hubs.js';
import { until } from '../support/wait.js';

// pipeline.accept: your answer to a pipeline run an agent asked for that your policy asked you
// about: it runs, and the agent is told. Only you answer (the agent that asked is refused).

const hubs = useHub();

describe('pipeline.accept', { timeout: 60_000 }, () => {
  it('starts the run the agent asked for; the agent may not answer it', async () => {
    const { hub, answered } = await waitingRun(hubs);
    expect(
      await askVerb(hub, 'pipeline.accept', { request: 'r1' }, { kind: 'agent', id: '1' }),
    ).toMatchObject({
      ok: false,
      refused: expect.stringMatching(/cannot run pipeline\.accept: only you answer an agent's pipeline run$/),
    });
    expect(hub.pipelines.list()).toEqual([]);
    expect(await askVerb(hub, 'pipeline.accept', { request: 'r1' })).toEqual({
      ok: true,
      said: 'pipeline greet runs (run p1)',
    });
    expect(await answered).toMatchObject({ pipeline: 'greet', started: { run: { id: 'p1' } } });
    await until('the run ended', () => hub.pipelines.list()[0]?.status === 'done', 30_000);
    expect(await askVerb(hub, 'pipeline.accept')).toEqual({
      ok: true,
      said: 'no pipeline run waits for you',
    });
  });
});
