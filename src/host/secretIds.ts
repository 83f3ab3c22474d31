/** The SecretStorage entry of the You.com key: read by the key store, and first by the bootstrap as it loads the rest. */
export const YOU_KEY_SECRET = 'youAgents.apiKey';
