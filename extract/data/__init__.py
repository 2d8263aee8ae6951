"""Language knowledge as data: word tables, the gazetteer and the jieba user dictionary."""
