/** A kubeconfig's content with one token user, for parser tests (no cluster behind it). */
export function kubeconfigText(options: { namespace?: string; token?: string } = {}): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: lab',
    '  cluster:',
    '    server: https://127.0.0.1:6443',
    `    certificate-authority-data: ${Buffer.from('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n').toString('base64')}`,
    'users:',
    '- name: deployer',
    '  user:',
    `    token: ${options.token ?? 'abc123'}`,
    '- name: eks',
    '  user:',
    '    exec:',
    '      command: aws',
    'contexts:',
    '- name: lab',
    `  context: {cluster: lab, user: deployer${options.namespace ? `, namespace: ${options.namespace}` : ''}}`,
    '- name: eks',
    '  context: {cluster: lab, user: eks}',
    'current-context: lab',
    ''
  ].join('\n')
}
