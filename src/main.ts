// `npm start` and the `ticketfix` bin both land here.
import './cli/main.js';
