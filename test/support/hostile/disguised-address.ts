/** An address of another client, written the ways a hostile ticket might write it. */
export function disguised(email: string, how: string, ownDomain: string): string {
  const [local] = email.split('@');
  switch (how) {
    case 'upper':
      return email.toUpperCase();
    case 'mailto':
      return `mailto:${email}`;
    case 'angle':
      return `Someone <${email}>`;
    case 'spaced':
      return ` ${email} `;
    case 'trailing-dot':
      return `${email}.`;
    case 'double-at':
      return `${local}@${email.split('@')[1]}@${ownDomain}`;
    default:
      return email;
  }
}
