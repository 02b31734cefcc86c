import { rollingScenarios } from '../support/rolling-scenarios.js'

rollingScenarios('nginx')
