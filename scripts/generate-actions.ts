// Writes action.yml and actions/<name>/action.yml from src/config/input-definitions.ts, so every
// action lists exactly the inputs the engine reads. Run by `npm run build`; CI fails on drift.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { stringify } from 'yaml'
import { INPUTS, OUTPUTS, SubAction } from '../src/config/input-definitions.js'

const HEADER =
  '# Generated from src/config/input-definitions.ts by `npm run build`; edit that file, not this one.\n'
const BRANDING = { icon: 'git-merge', color: 'blue' }

const SUB_ACTIONS: Record<SubAction, string> = {
  'deploy-green':
    'Deploys a version to the idle color and waits until it is healthy. Never moves traffic.',
  verify: 'Checks the deployed idle color (health check and smoke test) before any traffic moves.',
  switch:
    'Moves all traffic to the target color through the load balancer and confirms it with real requests.',
  'canary-step':
    'Runs the canary steps from where the rollout stands (shift weight, bake, judge the gates) until a pause, an abort or 100%.',
  rollback:
    'Restores the last known good release: switches back, or redeploys it first when needed.',
  rolling:
    'Replaces the instances behind the load balancer batch by batch (drain, deploy, health check, back into rotation, min-ready); puts them back on failure; resumes an interrupted update.'
}

function inputsFor(filter: (actions: readonly SubAction[]) => boolean): Record<string, object> {
  const inputs: Record<string, object> = {}
  for (const input of INPUTS) {
    if (!filter(input.actions)) continue
    inputs[input.name] = {
      description: input.description,
      required: false,
      default: input.actionDefault ?? input.default
    }
  }
  return inputs
}

function write(path: string, doc: object): void {
  writeFileSync(path, HEADER + stringify(doc, { lineWidth: 0 }))
}

write('action.yml', {
  name: 'progressive-deploy',
  description:
    'Zero-downtime releases from GitHub Actions: blue/green, canary with metric gates, and rolling updates across a fleet, on nginx or HAProxy; roll back in seconds.',
  author: 'progressive-deploy',
  branding: BRANDING,
  inputs: inputsFor(() => true),
  outputs: Object.fromEntries(OUTPUTS.map(o => [o.name, { description: o.description }])),
  runs: { using: 'node24', main: 'dist/index.js' }
})

for (const [name, description] of Object.entries(SUB_ACTIONS) as [SubAction, string][]) {
  const inputs = inputsFor(actions => actions.includes(name))
  const env: Record<string, string> = {}
  // Inputs reach the engine through env: only; never through ${{ }} inside run:.
  for (const input of Object.keys(inputs))
    env[`INPUT_${input.replace(/-/g, '_').toUpperCase()}`] = `\${{ inputs.${input} }}`
  mkdirSync(`actions/${name}`, { recursive: true })
  write(`actions/${name}/action.yml`, {
    name: `progressive-deploy ${name}`,
    description,
    author: 'progressive-deploy',
    branding: BRANDING,
    inputs,
    outputs: Object.fromEntries(
      OUTPUTS.map(o => [
        o.name,
        { description: o.description, value: `\${{ steps.run.outputs.${o.name} }}` }
      ])
    ),
    runs: {
      using: 'composite',
      steps: [
        {
          id: 'run',
          shell: 'bash',
          env,
          // A missing or old node on a self-hosted runner is named, with the fix, first.
          run: `bash "$GITHUB_ACTION_PATH/../../scripts/require-node.sh"\nnode "$GITHUB_ACTION_PATH/../../dist/index.js" ${name}`
        }
      ]
    }
  })
}

// The README's table of inputs and outputs, between its markers.
const cell = (text: string): string => text.replace(/\|/g, '\\|')
const table = [
  '| input | default | used by | description |',
  '| --- | --- | --- | --- |',
  ...INPUTS.map(i => {
    const shown = i.actionDefault ?? i.default
    const usedBy = i.actions.length ? i.actions.join(', ') : 'root action only'
    return `| \`${i.name}\` | ${shown ? `\`${cell(shown)}\`` : ''} | ${usedBy} | ${cell(i.description)} |`
  }),
  '',
  '| output | description |',
  '| --- | --- |',
  ...OUTPUTS.map(o => `| \`${o.name}\` | ${cell(o.description)} |`)
].join('\n')
const readme = readFileSync('README.md', 'utf8')
const updated = readme.replace(
  /<!-- inputs:start -->[\s\S]*<!-- inputs:end -->/,
  `<!-- inputs:start -->\n${table}\n<!-- inputs:end -->`
)
if (updated === readme && !readme.includes(table))
  throw new Error('README.md has no <!-- inputs:start --> / <!-- inputs:end --> markers')
writeFileSync('README.md', updated)
