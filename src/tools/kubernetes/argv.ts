// kubectl and helm parse with the shared cobra/pflag argv parser (src/parsers/cobra.ts).
export * from '../../parsers/cobra.js';
