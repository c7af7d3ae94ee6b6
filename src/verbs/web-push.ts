import { ControlError } from '../wire/control-request.js';
import { defineVerb } from './verb.js';
import { obj, oneOf } from './shape.js';

// `web.push`: a Web Push to every web session's subscribed phone (docs/web.md#push), about an
// agent (a tap opens its page) or a page of the hub; none when a key was typed at the hub lately
// (`unless_typed`: you are there). Yours alone: an improvement or a plugin could page you all night.

const answer = obj({
  pushed: oneOf(
    ['sent', 'typing', 'off'],
    'sent; held (a key was typed within unless_typed); or no web is on',
  ),
});

export const webPushVerb = defineVerb({
  name: 'web.push',
  summary: "push a notification to the web sessions' subscribed phones",
  refusals: 'none',
  args: {
    text: { type: 'string', nonEmpty: true, required: true, doc: 'what it says (500 characters at most)' },
    agent: { type: 'string', nonEmpty: true, doc: 'the agent it is about (its id): a tap opens its page' },
    url: { type: 'string', nonEmpty: true, doc: 'a page of the hub a tap opens ("/pipelines")' },
    unless_typed: {
      type: 'number',
      min: 0,
      doc: 'seconds: nothing is pushed when a key was typed at the hub that lately',
    },
  },
  answer,
  act: (deps, req) => {
    if (req.url !== undefined && !/^\/(?![/\\])/.test(req.url) && req.url !== '/')
      throw new ControlError('url must be a path of the hub ("/pipelines")', { reason: 'usage' });
    const pushed = deps.clients.webPush({
      text: req.text.slice(0, 500),
      ...(req.agent ? { agent: req.agent } : {}),
      ...(req.url ? { url: req.url } : {}),
      ...(req.unless_typed !== undefined ? { quietMs: req.unless_typed * 1000 } : {}),
    });
    return { pushed };
  },
});
