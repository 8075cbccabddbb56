// SLA Ladder installs @forge/bundler only to bundle the backend as `forge deploy` does; it never logs in to
// Atlassian, so it needs no OS keychain. The real keytar is a native module whose install downloads a prebuilt
// binary from GitHub or compiles against libsecret, which would make `npm ci` fail on machines with neither.
// @forge/cli-shared loads keytar inside try/catch and works without it, so this stand-in refuses to load.
// (The Forge CLI you deploy with, `npm install -g @forge/cli`, is installed separately with the real keytar.)
throw new Error('keytar is not installed in SLA Ladder (package.json overrides it): use the global Forge CLI to log in');
