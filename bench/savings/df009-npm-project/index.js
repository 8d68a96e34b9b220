const express = require('express');
const _ = require('lodash');
const app = express();
app.get('/', (req, res) => res.send(_.join(['hello', 'npm'], ' ')));
if (process.argv[2] === '--check') {
  console.log(_.join(['hello', 'npm'], ' '));
} else {
  app.listen(3000);
}
