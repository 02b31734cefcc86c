import { StateSettings } from '../config/settings.js'
import { Clock } from '../platform/clock.js'
import { FileStateStore } from './file-store.js'
import { StateStore } from './state-store.js'

/** One switch per store type. "auto" is the file store until the GitHub store lands. */
export function createStateStore(settings: StateSettings, clock: Clock): StateStore {
  switch (settings.type) {
    case 'file':
      return new FileStateStore(settings.file, clock)
  }
}
