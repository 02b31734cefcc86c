#!/usr/bin/env node
// Built by npm run build: the command line, in dist/cli/ with the code it loads when needed.
import './cli/index.js'
