// Writes src/tools/aws/operations.generated.ts from the service models of the installed botocore (the aws CLI's own).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deriveAllServices, findBotocore, renderOperationsModule } from '../src/tools/aws/operations-source.js';

const source = findBotocore();
if (!source) {
  console.error('generate-aws-operations: botocore is not installed (python3 -c "import botocore" fails); install awscli first');
  process.exit(1);
}
const services = deriveAllServices(source);
const target = join(process.cwd(), 'src', 'tools', 'aws', 'operations.generated.ts');
writeFileSync(target, renderOperationsModule(services, source));
const count = services.reduce((n, s) => n + s.operations.length, 0);
const risky = services.reduce((n, s) => n + s.operations.filter((o) => o.risk === 'destructive').length, 0);
console.log(`wrote ${target}: ${services.length} services, ${count} operations (${risky} destructive) from botocore ${source.version}`);
