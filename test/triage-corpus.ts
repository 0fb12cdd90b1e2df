import type { RemediationId } from '../src/triage/index.js';

/** One labelled ticket: what a careful technician would have done with it. */
export interface LabelledTicket {
  label: RemediationId | null;
  /** A known trap: must never auto-act, whatever its label. */
  hard?: boolean;
  summary: string;
  description?: string;
  contactEmail?: string;
  source?: string;
}

const U = 'megan.bowen@contoso.example';
const TECH = 'dispatch@msp.example';
const t = (label: RemediationId | null, summary: string, description = '', contactEmail: string | undefined = U, extra: Partial<LabelledTicket> = {}): LabelledTicket => ({ label, summary, description, contactEmail, ...extra });
const hard = (summary: string, description = ''): LabelledTicket => ({ label: null, hard: true, summary, description, contactEmail: U });

const FWD = (body: string, subject = 'help'): string =>
  `Forwarding this from the user.\n\nThanks,\nDispatch\nMSP Service Desk | +44 20 7946 0000\n\n-----Original Message-----\nFrom: Megan Bowen <megan.bowen@contoso.example>\nSent: Monday, 3 March 2026 09:12\nTo: support@msp.example\nSubject: ${subject}\n\n${body}\n\nKind regards\nMegan\nThis e-mail is confidential. Never share your password with anyone.`;

export const CORPUS: LabelledTicket[] = [
  // mailbox-quota
  t('mailbox-quota', 'My mailbox is full'),
  t('mailbox-quota', 'Mailbox full again', "Outlook says I can't send anything"),
  t('mailbox-quota', 'Outlook says my mailbox is almost full', 'Getting the warning every morning now.'),
  t('mailbox-quota', 'mailbx full', 'cant send emails, says mailbox over its quota'),
  t('mailbox-quota', 'Cannot receive emails', 'Sender got a bounce: mailbox is full. Can you increase my mailbox quota?'),
  t('mailbox-quota', 'inbox is full', 'My inbox is full and I cannot receive mail'),
  t('mailbox-quota', 'Mailbox size limit reached', ''),
  t('mailbox-quota', 'RE: Your mailbox is over its size limit', 'Got this from the system, please help'),
  t('mailbox-quota', 'Mein Postfach ist voll', 'Ich kann keine E-Mails mehr senden.'),
  t('mailbox-quota', 'Postfach voll', 'Bitte Speicher erhöhen'),
  t('mailbox-quota', 'Ma boîte aux lettres est pleine', "Je ne peux plus envoyer d'e-mails"),
  t('mailbox-quota', 'Boite mail pleine', ''),
  t('mailbox-quota', 'Mi buzón está lleno', 'No puedo recibir correos'),
  t('mailbox-quota', 'Mijn mailbox is vol', 'Ik kan geen mail meer versturen'),
  t('mailbox-quota', 'FW: mailbox full', FWD('Hi, my mailbox is full and I cannot send emails.', 'mailbox full')),
  t('mailbox-quota', 'Mailbox of alex.wilber@contoso.example is full', 'Please increase, he is travelling.', TECH),
  t('mailbox-quota', 'email storage full', 'Outlook is out of space'),
  t('mailbox-quota', 'Mailbox quota exceeded', 'Please raise it'),
  t('mailbox-quota', 'mial box full', 'outlook says mailbox is full'),
  t('mailbox-quota', 'Mailbox nearly full - urgent', 'Client meeting tomorrow, need email working'),

  // password-reset
  t('password-reset', 'Password reset', 'I forgot my password, please reset it'),
  t('password-reset', 'forgot pasword', 'cant log in to outlook'),
  t('password-reset', 'Need a password reset', ''),
  t('password-reset', 'My password expired', "I can't sign in to Office 365"),
  t('password-reset', 'Please reset my passwrod', 'thanks'),
  t('password-reset', 'Reset password for alex.wilber@contoso.example', 'He is locked out of Teams after holiday... no wait, he just forgot it. Please reset.', TECH),
  t('password-reset', 'User John Smith cant log in, please reset', '', TECH),
  t('password-reset', 'user lee.gu@contoso.example can\'t log in, please reset', 'Thanks, dispatch', TECH),
  t('password-reset', 'Passwort vergessen', 'Bitte mein Passwort zurücksetzen.'),
  t('password-reset', 'Kennwort zurücksetzen', 'Ich kann mich nicht anmelden.'),
  t('password-reset', "J'ai oublié mon mot de passe", 'Merci de le réinitialiser'),
  t('password-reset', 'Réinitialiser mon mot de passe', ''),
  t('password-reset', 'Olvidé mi contraseña', 'Necesito restablecer la contraseña por favor'),
  t('password-reset', 'Restablecer contraseña', 'No puedo entrar al correo'),
  t('password-reset', 'Wachtwoord vergeten', 'Kunt u mijn wachtwoord resetten?'),
  t('password-reset', 'wachtwoord verlopen', 'Kan niet inloggen'),
  t('password-reset', 'FW: password', FWD('I have forgotten my password and cannot get into email.', 'password')),
  t('password-reset', 'need new password', 'I changed it last week and forgot it already'),
  t('password-reset', 'password expired and cant login', ''),
  t('password-reset', 'Pls reset pssword', 'Cannot login to laptop, office 365 asks for password'),
  t('password-reset', 'Reset password - Jane Doe', 'Please reset the password for Jane Doe in accounts.', TECH),
  t('password-reset', 'Password reset request', 'Hello, could you please reset my password? Thank you'),
  t('password-reset', 'temp password please', 'I need a temporary password, forgot mine'),
  t('password-reset', 'Forgot password', '', undefined),

  // software-install
  t('software-install', 'Please install Zoom', 'Need it for a client call'),
  t('software-install', 'Install Adobe Reader on PC-0142', ''),
  t('software-install', 'Need Google Chrome installed', 'on my laptop please'),
  t('software-install', 'Can you install Teams on LT-SALES-07?', ''),
  t('software-install', 'instal 7-zip', 'need to open a zip file from a supplier'),
  t('software-install', 'Request: Notepad++', 'Could you please install Notepad++ on my machine'),
  t('software-install', 'Firefox installieren', 'Bitte Firefox auf meinem Laptop installieren'),
  t('software-install', 'Installer Zoom', "Pouvez-vous installer Zoom sur mon PC s'il vous plaît"),
  t('software-install', 'Instalar Chrome', 'Necesito instalar Chrome'),
  t('software-install', 'Slack installeren', 'Graag Slack installeren op mijn laptop'),
  t('software-install', 'Please install VLC', 'for training videos'),
  t('software-install', 'Webex needed', 'Please install Webex, client uses it'),
  t('software-install', 'Install VS Code', 'Developer needs Visual Studio Code on DEV-0042', TECH),
  t('software-install', 'Install SAP GUI', 'Need SAP GUI 8.0 on my PC'),
  t('software-install', 'Citrix Workspace install', 'Please install Citrix Workspace so I can reach the remote desktop'),
  t('software-install', 'Zoom', 'can you install zoom please'),

  // distribution-list
  t('distribution-list', 'Add me to the Sales distribution list', ''),
  t('distribution-list', 'Please add jane.doe@contoso.example to the Marketing DL', '', TECH),
  t('distribution-list', 'Remove me from the newsletter distribution list', 'I get too many emails'),
  t('distribution-list', 'DL membership', 'Please add alex.wilber@contoso.example to sales@contoso.example distribution list', TECH),
  t('distribution-list', 'add to "All Staff" distribution list', 'New hire, please add lee.gu@contoso.example', TECH),
  t('distribution-list', 'Remove Lee Gu from the Finance distribution list', 'He moved to Operations', TECH),
  t('distribution-list', 'Mailing list', 'Please add me to the Support mailing list'),
  t('distribution-list', 'Bitte zur Verteilerliste hinzufügen', 'Bitte mich zur Verteilerliste "Vertrieb" hinzufügen'),
  t('distribution-list', 'Ajouter à la liste de diffusion', 'Merci de m\'ajouter à la liste de diffusion "Commercial"'),
  t('distribution-list', 'distrubution list', 'pls add me to the Projects distrubution list'),
  t('distribution-list', 'Unsubscribe me from the Social DL', ''),
  t('distribution-list', 'Toevoegen aan distributielijst', 'Graag mij toevoegen aan de distributielijst "Verkoop"'),
  t('distribution-list', 'Add to distribution group', 'Please add me to the Board distribution group'),
  t('distribution-list', 'dl', 'add me to the IT Alerts dl please'),

  // security-group
  t('security-group', 'Add me to SG-Finance-RW', 'Need access to the finance share'),
  t('security-group', 'Please add jane.doe@contoso.example to the HR security group', '', TECH),
  t('security-group', 'Remove alex.wilber@contoso.example from SG-Projects', 'He left the project', TECH),
  t('security-group', 'Security group access', 'Please add me to the "VPN Users" security group'),
  t('security-group', 'Add to AD group', 'Please add me to the Accounts AD group'),
  t('security-group', 'Sicherheitsgruppe', 'Bitte mich zur Sicherheitsgruppe "SG-Buchhaltung" hinzufügen'),
  t('security-group', 'secuirty group', 'add me to the Sales Reports secuirty group please'),
  t('security-group', 'Access to finance share', 'Please add lee.gu@contoso.example to SG-Finance-RO', TECH),
  t('security-group', 'Remove me from SG-Old-Project', ''),
  t('security-group', 'Entra group membership', 'Please add me to the Remote Access entra group'),
  t('security-group', 'Add Lee Gu to the Legal security group', '', TECH),
  t('security-group', 'Groupe de sécurité', 'Merci de m\'ajouter au groupe de sécurité "SG-Compta"'),
  // Relabelled to a hard null under LABEL-RULES.md: admin groups are never automated.
  hard('Add to Domain Admins', 'Please add me to the Domain Admins security group'),
  t('security-group', 'Add to group', 'Add me to the Finance group'),

  // service-restart
  t('service-restart', 'Print spooler stopped on PC-0142', 'Please restart the service'),
  t('service-restart', 'Restart spooler service on LT-SALES-07', ''),
  t('service-restart', 'IIS down on SRV01', 'The W3SVC service has stopped, please restart'),
  t('service-restart', 'Windows Update service hung on PC-0077', 'please restart the service'),
  t('service-restart', 'SQL Server Agent stopped on SQL01', 'Please restart the SQL Server Agent service'),
  t('service-restart', 'Druckerwarteschlange neu starten', 'Dienst Spooler auf PC-0142 bitte neu starten'),
  // Relabelled to a hard null under LABEL-RULES.md: a domain controller's services go to a person.
  hard('Time service not running on DC01', 'clock drift, please restart the service'),
  t('service-restart', 'Print spooler crashed', 'Cannot print; print spooler service stopped on my PC PC-0999'),
  t('service-restart', 'bounce the spooler service on PC-0110', ''),
  t('service-restart', 'Spooler service stopped', 'cannot print, please restart'),
  t('service-restart', 'Restart the Acme Sync service on SRV02', 'Vendor says just restart it'),
  t('service-restart', 'Redémarrer le service spooler', 'Le service spooler est arrêté sur PC-0300, merci de le redémarrer'),
  t('service-restart', 'BITS service stuck on PC-0011', 'restart please'),
  t('service-restart', 'restrat spooler service on LT-0042', ''),

  // hard negatives
  hard('Create a new distribution list', 'We need a new distribution list for the Events team'),
  hard('Remove Zoom', 'Please remove Zoom from my laptop'),
  hard('Uninstall Zoom from PC-0142', ''),
  hard('Reset my MFA', 'New phone, need to set up the authenticator again'),
  hard('Please archive my old mail', ''),
  hard('Printer out of toner', 'Floor 2 printer out of toner'),
  hard('Unlock my account', 'It says my account is locked'),
  hard('New starter needs a mailbox', 'Jane starts Monday, please create her mailbox'),
  hard('Please archive my old mail, the mailbox is full', ''),
  hard('reset my 2FA', 'lost my phone, cannot get the authenticator code'),
  hard('Account locked', 'I am locked out, please unlock my account'),
  hard('Konto entsperren', 'Mein Konto ist gesperrt'),

  // found by probing unseen phrasings: must never act alone
  t('password-reset', 'Password reset for the whole Sales team', '', U, { hard: true }),
  t('password-reset', 'Reset passwords for lee.gu@contoso.example and alex.wilber@contoso.example', '', TECH, { hard: true }),
  t(null, 'Please change my password, I think it was phished', '', U, { hard: true }),
  t(null, 'My email account was hacked, reset password', 'Strange emails sent from my account', U, { hard: true }),
  t(null, 'My mailbox is full of spam', 'Please block the sender', U, { hard: true }),
  // No longer hard: LABEL-RULES.md counts a named colleague of the same organisation as an on-behalf reset (the engine resolves "Lee").
  t('password-reset', "Please reset Lee's password", 'He is back from leave', TECH),
  t('mailbox-quota', "My manager's mailbox is full", 'She cannot send anything', U, { hard: true }),
  t('distribution-list', 'Please add a new member to the Sales DL: lee.gu@contoso.example', '', TECH),

  // other negatives
  t(null, 'Laptop screen flickering', 'The display flickers when I move the lid'),
  t(null, 'VPN not connecting', 'Error 809 since this morning'),
  t(null, 'Outlook keeps crashing', 'Crashes when I open a calendar invite'),
  t(null, 'Shared mailbox is full', 'The info@ shared mailbox is full'),
  t(null, 'Create a shared mailbox for Accounts', ''),
  t(null, 'What is the wifi password?', 'Guest wifi password for visitors'),
  t(null, 'Change the password policy', 'Auditors want 14 characters minimum'),
  t(null, 'Install a new printer', 'Please install the printer driver for the new HP'),
  t(null, 'Zoom fails to install, error 1603', 'Tried three times'),
  t(null, 'Need a Visio licence', 'Please purchase and install Visio'),
  t(null, 'Teams not working', 'Teams shows a white screen'),
  t(null, 'New laptop for Jane', 'She starts on the 12th'),
  t(null, 'Delete the Old Sales distribution list', ''),
  t(null, 'Who is on the Finance distribution list?', 'Just need the member list'),
  t(null, 'Create a new security group for Projects', ''),
  t(null, 'Restart my computer remotely', 'It is frozen'),
  t(null, 'Server is slow', 'SRV01 very slow since the update'),
  t(null, 'Calendar permissions', 'Give my assistant access to my calendar'),
  t(null, 'Phone not ringing', 'Desk phone does not ring for incoming calls'),
  t(null, 'Request for a second monitor', ''),
  t(null, 'Customer service team needs headsets', 'Five headsets for the service desk'),
  t(null, 'Excel file password', 'I forgot the password to a protected Excel spreadsheet'),
  t(null, 'Thank you!', 'Thanks for the help yesterday, all working now'),
  t(null, 'Out of office', 'I am out of the office until Monday'),
  t(null, 'Set up out of office for Lee', 'He is off sick'),
  t(null, 'Windows 11 upgrade', 'When will my PC be upgraded?'),
  t(null, 'Password manager access', 'Need access to the Bitwarden vault'),
  t(null, 'Mailbox permissions', 'Give Lee full access to the Sales mailbox'),
  t(null, 'Scanner not sending to email', 'Scan to email fails'),
  t(null, 'Add a new user', 'New starter Jane Doe, needs account, mailbox and laptop'),
  t(null, 'Local admin password for PC-0142', 'Need to install a driver'),
  t(null, 'Restore a deleted file', 'Deleted the budget spreadsheet from SharePoint'),
  t(null, 'Email signature update', 'New logo in the signature please'),
  t(null, 'Outlook slow', 'My Outlook is slow to open'),
  t(null, 'Reboot the server tonight', 'SRV02 needs a reboot after patching'),
];
