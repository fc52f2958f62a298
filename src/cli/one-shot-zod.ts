// The CLI validates each schema once or twice and exits, so zod's JIT (which compiles a fast parser
// per object schema on first use) costs more than it saves. This module must be imported before
// any schema is built, because zod reads the setting when a schema is constructed.
import { z } from 'zod';

z.config({ jitless: true });
