-- Copy mode: the key table of a line selection (y in normal mode runs scroll.copy), like WezTerm's
-- copy_mode key table or tmux's copy-mode-vi. Keys not bound here do nothing while selecting; the
-- way out (ctrl+g, or settings.way_out) always ends the selection.
keys.bind("copy", "j", "copy.down", { desc = "Move the cursor down a line" })
keys.bind("copy", "down", "copy.down", { desc = "Move the cursor down a line" })
keys.bind("copy", "k", "copy.up", { desc = "Move the cursor up a line" })
keys.bind("copy", "up", "copy.up", { desc = "Move the cursor up a line" })
keys.bind("copy", "v", "copy.mark", { desc = "Mark the start of the selection (again: unmark)" })
keys.bind("copy", "space", "copy.mark", { desc = "Mark the start of the selection (again: unmark)" })
keys.bind("copy", "y", "copy.yank", { desc = "Copy the lines (OSC 52) and end the selection" })
keys.bind("copy", "enter", "copy.yank", { desc = "Copy the lines (OSC 52) and end the selection" })
keys.bind("copy", "c", { verb = "review.comment" }, { desc = "Comment the lines (in the review panel)" })
keys.bind("copy", "escape", "copy.cancel", { desc = "End the selection without copying" })
keys.bind("copy", "q", "copy.cancel", { desc = "End the selection without copying" })
