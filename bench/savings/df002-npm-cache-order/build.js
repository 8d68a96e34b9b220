const fs = require('fs');
const { marked } = require('marked');
fs.mkdirSync('dist', { recursive: true });
fs.writeFileSync('dist/page.html', marked.parse(fs.readFileSync('src/page.md', 'utf8')));
