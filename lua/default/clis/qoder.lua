-- Qoder CLI (`qodercli`, from @qoder-ai/qodercli). It needs a Qoder account: on a first run it asks
-- to trust the folder, then to sign in ("❯ 1. Sign in to continue"), by browser or with a personal
-- access token ("Paste your PAT here"); every step ends in a footer of keys ("Enter select · Esc
-- back", after a failed login "Enter retry · Esc go back"). Its title names its state
-- ("◇ Qoder CLI | Ready"). Its screens are read by the structural rules (lua/default/status.lua);
-- its plugins (`--plugin-dir`) are not wired yet. It resumes with `qodercli --resume <id>`.
clis.define({
  name = "qoder",
  -- your variables its box gets (the rest of yours stay out: docs/security.md#boxes)
  sandbox = { vars = { "QODER_*" } },
  title = "Qoder CLI",
  programs = { "qodercli", "qoder" },
  command = "qodercli",
  packages = { "@qoder-ai/qodercli" },
  version = "1.1.52",
  resume = { args = { "--resume", "{session}" }, last = { "--continue" } },
})
