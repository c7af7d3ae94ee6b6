-- The default colours. A user layout can read or change `theme` (e.g. theme.accent = "magenta").
theme = theme or {}
theme.accent = theme.accent or "cyan"
theme.border = theme.border or "gray"
theme.focus_border = theme.focus_border or "cyan"
theme.error = theme.error or "red"
theme.notice = theme.notice or "cyan"
theme.mode = theme.mode or { insert = "green", normal = "yellow" }
