.name
