import type { WidgetNode } from '../../src/tree/types.js';
import { validateTree } from '../../src/widgets/validate-tree.js';

/** Widget trees in the raw form Lua produces, one per widget and size form. */
export const RAW_WIDGETS: Record<string, unknown> = {
  text_plain: { type: 'column', children: [{ type: 'text', props: {}, text: 'hello world' }] },
  text_spans: {
    type: 'column',
    children: [
      {
        type: 'text',
        props: {},
        text: [
          { text: 'red ', fg: 'red' },
          { text: 'bold', bold: true },
          ' plain',
          { text: ' 256', fg: 202 },
          { text: ' hex', fg: '#ff8800', bg: 'blue' },
        ],
      },
    ],
  },
  text_wrap: {
    type: 'column',
    props: { width: 12 },
    children: [{ type: 'text', props: {}, text: 'the quick brown fox jumps over the lazy dog' }],
  },
  text_truncate: {
    type: 'column',
    props: { width: 12 },
    children: [{ type: 'text', props: { wrap: 'truncate' }, text: 'the quick brown fox jumps' }],
  },
  text_wide: { type: 'column', children: [{ type: 'text', props: {}, text: '日本語 😀 ok' }] },
  header: {
    type: 'column',
    children: [{ type: 'header', props: { title: 'Botster Hub', subtitle: 'two agents' } }],
  },
  status_bar: {
    type: 'column',
    children: [{ type: 'status_bar', props: { left: 'INSERT', center: 'mid', right: '3 agents' } }],
  },
  list: {
    type: 'column',
    children: [
      { type: 'list', props: { items: ['one', 'two', { text: 'three', fg: 'green' }], selected: 2 } },
    ],
  },
  agent_list: {
    type: 'column',
    children: [
      {
        type: 'agent_list',
        props: {
          selected: 2,
          agents: [
            {
              id: '1',
              name: 'claude',
              command: 'claude',
              cwd: '/w',
              status: 'running',
              exit_code: null,
              title: '',
            },
            {
              id: '2',
              name: 'aider',
              command: 'aider',
              cwd: '/w',
              status: 'exited',
              exit_code: 3,
              title: 'aider v1',
            },
            { id: '3', name: 'sh', command: 'sh', cwd: '/w', status: 'idle', exit_code: null, title: '' },
          ],
        },
      },
    ],
  },
  panel_title: {
    type: 'column',
    children: [
      {
        type: 'panel',
        props: { title: 'Agents', border: 'rounded', height: 4 },
        children: [{ type: 'text', props: {}, text: 'inside' }],
      },
    ],
  },
  borders: {
    type: 'row',
    children: ['single', 'rounded', 'double', 'bold', 'classic'].map((b) => ({
      type: 'panel',
      props: { border: b, width: 9, height: 3 },
      children: [{ type: 'text', props: {}, text: b }],
    })),
  },
  sizes_percent: {
    type: 'row',
    props: { height: 3 },
    children: [
      {
        type: 'panel',
        props: { width: '30%', border: 'single' },
        children: [{ type: 'text', props: {}, text: '30%' }],
      },
      {
        type: 'panel',
        props: { grow: 1, border: 'single' },
        children: [{ type: 'text', props: {}, text: 'grow' }],
      },
    ],
  },
  sizes_fr: {
    type: 'row',
    props: { height: 3 },
    children: [
      {
        type: 'panel',
        props: { width: '1fr', border: 'single' },
        children: [{ type: 'text', props: {}, text: '1fr' }],
      },
      {
        type: 'panel',
        props: { width: '2fr', border: 'single' },
        children: [{ type: 'text', props: {}, text: '2fr' }],
      },
      {
        type: 'panel',
        props: { width: 10, border: 'single' },
        children: [{ type: 'text', props: {}, text: '10' }],
      },
    ],
  },
  gap_padding: {
    type: 'column',
    props: { gap: 1, padding: 1 },
    children: [
      { type: 'text', props: {}, text: 'a' },
      {
        type: 'row',
        props: { gap: 2, justify: 'center' },
        children: [
          { type: 'text', props: {}, text: 'b' },
          { type: 'text', props: {}, text: 'c' },
        ],
      },
    ],
  },
  min_max: {
    type: 'row',
    props: { height: 3 },
    children: [
      {
        type: 'panel',
        props: { grow: 1, max_width: 20, border: 'single' },
        children: [{ type: 'text', props: {}, text: 'max 20' }],
      },
      {
        type: 'panel',
        props: { width: 2, min_width: 12, border: 'single' },
        children: [{ type: 'text', props: {}, text: 'min 12' }],
      },
    ],
  },
  list_overflow: {
    type: 'column',
    children: [
      {
        type: 'panel',
        props: { height: 5, border: 'single' },
        children: [
          {
            type: 'list',
            props: { grow: 1, items: ['one', 'two', 'three', 'four', 'five', 'six', 'seven'], selected: 2 },
          },
        ],
      },
    ],
  },
  spacer: {
    type: 'row',
    children: [
      { type: 'text', props: {}, text: 'left' },
      { type: 'spacer', props: {} },
      { type: 'text', props: {}, text: 'right' },
    ],
  },
  input: {
    type: 'column',
    children: [{ type: 'input', props: { prompt: '> ', value: 'hello', cursor: 2 } }],
  },
  overlay: {
    type: 'column',
    children: [
      {
        type: 'text',
        props: {},
        text: 'background text that the overlay covers in the middle of the screen',
      },
      {
        type: 'overlay',
        props: { title: 'Help', width: 30, height: 5 },
        children: [{ type: 'text', props: {}, text: 'modal body' }],
      },
    ],
  },
  colors: {
    type: 'column',
    props: { bg: 'blue' },
    children: [{ type: 'text', props: { fg: 'bright_yellow', bold: true }, text: 'on blue' }],
  },
};

export function widget(name: string): WidgetNode {
  return validateTree(RAW_WIDGETS[name]);
}
