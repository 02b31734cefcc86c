import { Settings } from '../config/settings.js'
import { Clock } from '../platform/clock.js'
import { GitHubApi } from '../platform/github-api.js'
import { Logger } from '../platform/logger.js'
import { FileStateStore } from './file-store.js'
import { GitHubDeploymentsStore } from './github-deployments-store.js'
import { StateStore } from './state-store.js'

export interface StoreDeps {
  clock: Clock
  log: Logger
  /** Present when settings.github is. */
  api?: GitHubApi
  runUrl: string
}

/** One switch per store type; parse-settings has already resolved "auto". */
export function createStateStore(settings: Settings, deps: StoreDeps): StateStore {
  switch (settings.state.type) {
    case 'file':
      return new FileStateStore(settings.state.file, deps.clock)
    case 'github':
      if (!deps.api || !settings.github)
        throw new Error('bug: github state without a GitHub client')
      return new GitHubDeploymentsStore(
        deps.api,
        {
          sha: settings.github.sha,
          environmentUrl: settings.serviceUrl,
          logUrl: deps.runUrl,
          productionEnvironment: settings.state.productionEnvironment,
          transientEnvironment: settings.state.transientEnvironment
        },
        deps.log
      )
  }
}
