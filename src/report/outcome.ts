import { Color } from '../config/settings.js'
import { FleetSnapshot, RolloutRecord } from '../state/types.js'

/** What a blue/green pair served: one color and the version recorded on it ('' when none is). */
export interface Serving {
  color: Color
  version: string
}

/** A check whose result is posted on the commit under test (verify on its own, plan). */
export interface CommitCheck {
  kind: 'verify' | 'plan'
  passed: boolean
  description: string
}

/**
 * What one command did. Commands return it and never touch the report's result, headline or
 * outputs: run.ts alone turns an outcome into those (report/outcome-outputs.ts), the exit code
 * and the commit checks, so every command and every ending is reported the same way.
 */
export interface Outcome {
  result: 'success' | 'failure' | 'no-op'
  /** One sentence: what this command achieved, or why it stopped and where traffic is. */
  headline: string
  /** Blue/green and canary: what served before and after the command. */
  serving?: { before: Serving; after: Serving }
  /** The color this command deployed to or checked. */
  deployedColor?: Color
  /** The release this command acted on: its phase (and canary weight) become outputs. */
  release?: RolloutRecord
  /** Rolling updates: the fleet as the command left it, the version reported, and the one before. */
  fleet?: { snapshot: FleetSnapshot; version: string; previousVersion?: string }
  check?: CommitCheck
  /** What the router held when the command ended (run.ts reads it back). */
  traffic?: { weights: Readonly<Record<string, number>> }
}

export const succeeded = (headline: string, parts: Omit<Outcome, 'result' | 'headline'> = {}) =>
  ({ result: 'success', headline, ...parts }) satisfies Outcome as Outcome
export const failed = (headline: string, parts: Omit<Outcome, 'result' | 'headline'> = {}) =>
  ({ result: 'failure', headline, ...parts }) satisfies Outcome as Outcome
export const nothingToDo = (headline: string, parts: Omit<Outcome, 'result' | 'headline'> = {}) =>
  ({ result: 'no-op', headline, ...parts }) satisfies Outcome as Outcome
