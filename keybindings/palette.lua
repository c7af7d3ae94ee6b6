-- The command palette, the dialogs (app:select) and the prompts (app:input, the scrollback
-- search): their key table answers first while one is open. Printable keys and pastes not bound
-- here type into the query (so bind chords with ctrl or alt, or named keys, here); other keys do
-- nothing. The way out (ctrl+g, or settings.way_out) always closes it.
keys.bind("palette", "enter", "palette.submit", { desc = "Run or choose the item (a prompt: take the text)" })
keys.bind("palette", "escape", "palette.cancel", { desc = "Close it (a dialog hears nil)" })
keys.bind("palette", "down", "palette.next", { desc = "Next item" })
keys.bind("palette", "ctrl+n", "palette.next", { desc = "Next item" })
keys.bind("palette", "tab", "palette.next", { desc = "Next item" })
keys.bind("palette", "up", "palette.prev", { desc = "Previous item" })
keys.bind("palette", "ctrl+p", "palette.prev", { desc = "Previous item" })
keys.bind("palette", "shift+tab", "palette.prev", { desc = "Previous item" })
keys.bind("palette", "backspace", "palette.backspace", { desc = "Delete the last character" })
-- As a shell's line editor: ctrl+w the word before the cursor, ctrl+u everything typed.
keys.bind("palette", "ctrl+w", "palette.delete_word", { desc = "Delete the word before the cursor" })
keys.bind("palette", "ctrl+u", "palette.clear", { desc = "Delete everything typed" })
