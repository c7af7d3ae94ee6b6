#!/usr/bin/env node
import '../dist/bundle/botster-tui.mjs';
