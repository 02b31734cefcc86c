/** The outcome of a check or an analysis step. */
export interface Verdict {
  /** pass: go on; fail: stop and restore; inconclusive: not enough evidence either way. */
  outcome: 'pass' | 'fail' | 'inconclusive'
  /** One sentence a person can read in a log or a GitHub status. */
  reason: string
}
