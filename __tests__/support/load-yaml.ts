// Unit tests call the parsers directly, as run() does after loading the YAML parser on demand
// (src/config/yaml.ts); load it up front so each test needs no retry of its own.
import { loadYamlParser } from '../../src/config/yaml.js'

await loadYamlParser()
