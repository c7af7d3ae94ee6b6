// One agent's card. When a card shows its agent waiting and the page last saw it not waiting
// (the card was re-rendered by a Turbo Stream, or its board was, or a refresh morphed it), it tells
// the page: an "agent-card:waiting" event that bubbles to the hub controller on <body>, which raises
// the browser's notification. A card the page first shows already waiting raises none.
import { Controller } from '@hotwired/stimulus';

// Each agent's state as the page last showed it, across the elements a stream puts in a card's place.
const seen = new Map();

export default class extends Controller {
  static values = { id: String, state: String, name: String, reason: String };

  // (Stimulus calls it when the card connects, and when a morph changes the attribute)
  stateValueChanged(state) {
    const before = seen.get(this.idValue);
    seen.set(this.idValue, state);
    if (state === 'waiting' && before !== undefined && before !== 'waiting')
      this.dispatch('waiting', {
        detail: { id: this.idValue, name: this.nameValue, reason: this.reasonValue },
      });
  }
}
