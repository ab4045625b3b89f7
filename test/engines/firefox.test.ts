import { engineSuite } from './suite.js';

// Firefox (IMAGE_GUARD_FIREFOX, else firefox-esr or firefox on the PATH) over WebDriver BiDi.
engineSuite('firefox');
