" .flow files are Flowspec designs; *.js.flow belongs to JavaScript's Flow.
autocmd BufRead,BufNewFile *.flow if expand('<afile>') !~# '\.js\.flow$' | setfiletype flow | endif
