// Writes the README's benchmark figures from bench/results (npm run bench runs it last). The
// tables are bench/tables.ts of the result files; nothing in that part of the README is typed.
import { readFileSync, writeFileSync } from 'node:fs'
import { benchSection } from '../bench/readme-section.js'

const readme = readFileSync('README.md', 'utf8')
const pattern = /<!-- bench:start -->[\s\S]*<!-- bench:end -->/
if (!pattern.test(readme))
  throw new Error('README.md has no <!-- bench:start --> / <!-- bench:end --> markers')
writeFileSync('README.md', readme.replace(pattern, benchSection()))
