const fs = require('fs');
process.stdout.write(fs.readFileSync(__dirname + '/dist/page.html', 'utf8'));
