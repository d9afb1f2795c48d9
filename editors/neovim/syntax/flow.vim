" Highlighting for Flowspec .flow designs, without TextMate. The language
" server's semantic tokens refine it where the client supports them (0.9+).
if exists('b:current_syntax') | finish | endif

syntax keyword flowKeyword tool role flow
syntax match flowArrow /->/
syntax match flowDocComment /##.*$/ contains=@Spell
syntax match flowComment /#\([^#].*\)\?$/ contains=@Spell
syntax region flowString start=/"/ skip=/\\"/ end=/"\|$/ contains=flowEscape oneline
syntax match flowEscape /\\[\\"nt]/ contained
syntax match flowNumber /\<[0-9][0-9_]*\(\.[0-9]\+\)\?[kM]\?\>/
syntax match flowKey /\<[A-Za-z_][A-Za-z0-9_-]*\ze\s*[:{]/
syntax keyword flowCategory data transform timing frequency volume
syntax keyword flowValue realtime batch manual hourly daily weekly monthly quarterly yearly continuous every cron current proposed none
syntax match flowValue /\<on-demand\>/
syntax keyword flowOpen unknown tbd
syntax keyword flowUnit records rows forms submissions cases messages events patients files requests KB MB GB
syntax keyword flowUnit record row form submission case message event patient file request
syntax keyword flowPeriod minute hour day week month quarter year run per
syntax match flowOperator /[~<\/]/

highlight default link flowKeyword Keyword
highlight default link flowArrow Operator
highlight default link flowOperator Operator
highlight default link flowDocComment SpecialComment
highlight default link flowComment Comment
highlight default link flowString String
highlight default link flowEscape SpecialChar
highlight default link flowNumber Number
highlight default link flowKey Identifier
highlight default link flowCategory Type
highlight default link flowValue Constant
highlight default link flowOpen Todo
highlight default link flowUnit Special
highlight default link flowPeriod Special

let b:current_syntax = 'flow'
