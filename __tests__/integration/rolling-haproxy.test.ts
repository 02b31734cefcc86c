import { rollingScenarios } from '../support/rolling-scenarios.js'

rollingScenarios('haproxy')
