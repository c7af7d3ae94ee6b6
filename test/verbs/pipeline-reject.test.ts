import { describe, expect, it } from 'vitest';
import { useHub } from '../support/use-hub.js';
import { askVerb, waitingRun } from '../support/verb-hubs.js';

// pipeline.reject: your answer to a pipeline run an agent asked for: it does not run, and the
// agent is told why. Yours alone.

const hubs = useHub();

describe('pipeline.reject', { timeout: 60_000 }, () => {
  it('refuses the run the agent asked for (the latest when none is named)', async () => {
    const { hub, answered } = await waitingRun(hubs);
    expect(await askVerb(hub, 'pipeline.reject', {}, { kind: 'improvement', name: 'i' })).toMatchObject({
      ok: false,
      reason: 'refused',
    });
    expect(await askVerb(hub, 'pipeline.reject')).toEqual({
      ok: true,
      said: 'pipeline greet rejected: it does not run',
    });
    expect(await answered).toMatchObject({
      pipeline: 'greet',
      refused: expect.stringMatching(/rejected by the user/),
    });
    expect(hub.pipelines.list()).toEqual([]);
  });
});
