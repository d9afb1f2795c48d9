" .flow files are Flowspec designs; *.js.flow (in any letter case, as VS Code
" sees it) belongs to JavaScript's Flow.
autocmd BufRead,BufNewFile *.flow if expand('<afile>') !~? '\.js\.flow$' | setfiletype flow | endif
