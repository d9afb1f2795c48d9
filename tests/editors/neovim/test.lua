-- Headless Neovim as a Flowspec client. Inputs in the environment:
-- FLOWSPEC_BIN (the server), FLOWSPEC_PLUGIN (editors/neovim),
-- FLOWSPEC_ROOT (a copy of tests/editors/fixture), FLOWSPEC_OUT (results).
-- Any failure ends Neovim with exit status 1 and the reason on stderr.
-- Runs on 0.7 (the plugin's vim.lsp.start_client branch) and on current
-- releases (its vim.lsp.start branch); the first lines say which ran.
local results = {}
local function record(line)
  table.insert(results, line)
end

local function client_of(buf)
  -- vim.lsp.buf_get_clients is deprecated since 0.10; 0.7 has nothing else.
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ bufnr = buf, name = 'flowspec' })[1]
  end
  for _, client in pairs(vim.lsp.buf_get_clients(buf)) do
    if client.name == 'flowspec' then
      return client
    end
  end
end

local function request(buf, method, params)
  local responses = vim.lsp.buf_request_sync(buf, method, params, 10000)
  assert(responses, method .. ': no response')
  for _, response in pairs(responses) do
    assert(not response.err, method .. ': ' .. vim.inspect(response.err))
    return response.result
  end
end

-- The syntax group at a 1-based line and column of the current buffer.
local function group_at(line, col)
  return vim.fn.synIDattr(vim.fn.synID(line, col, 1), 'name')
end

local ok, err = pcall(function()
  local v = vim.version()
  record(string.format('version %d.%d.%d', v.major, v.minor, v.patch))
  -- The plugin starts the server with vim.lsp.start where it exists.
  record('lsp.start ' .. (vim.lsp.start and 'yes' or 'no'))

  local root = os.getenv('FLOWSPEC_ROOT')
  vim.opt.runtimepath:prepend(os.getenv('FLOWSPEC_PLUGIN'))
  vim.cmd('runtime! ftdetect/flow.vim')

  -- Filetype detection, on files that do not exist (BufNewFile), before the
  -- server is set up so that none of them starts it.
  local scratch = vim.fn.tempname()
  for _, name in ipairs({ 'x.flow', 'x.js.flow', 'X.JS.flow' }) do
    vim.cmd('edit ' .. scratch .. '/' .. name)
    local ft = vim.bo.filetype
    record(string.format('detect %s %s', name, ft ~= '' and ft or '(none)'))
    vim.cmd('bwipeout!')
  end

  require('flowspec').setup({
    cmd = { os.getenv('FLOWSPEC_BIN'), 'lsp' },
    root_dir = root,
    -- A setting of the server, as a user would set it: Volume as information.
    settings = { diagnostics = { ['unanswered-volume'] = 'information' } },
  })

  vim.cmd('edit ' .. root .. '/flows.flow')
  local buf = vim.api.nvim_get_current_buf()
  assert(vim.bo[buf].filetype == 'flow', 'filetype is ' .. vim.bo[buf].filetype)
  record('filetype flow')

  -- The plugin's syntax file and ftplugin.
  record('syntax ' .. tostring(vim.b.current_syntax))
  record('hlexists flowKeyword ' .. vim.fn.hlexists('flowKeyword'))
  record('group flow ' .. group_at(3, 1)) -- `flow monthly: …`
  record('group frequency ' .. group_at(7, 3)) -- `  frequency: monthly`
  record('group comment ' .. group_at(1, 1)) -- `## Monthly reporting.`
  record('commentstring ' .. vim.bo[buf].commentstring)

  assert(vim.wait(10000, function()
    local client = client_of(buf)
    return client ~= nil and client.initialized
  end, 20), 'the server did not start')
  record('server started')

  assert(vim.wait(10000, function()
    return #vim.diagnostic.get(buf) > 0
  end, 20), 'no diagnostics arrived')
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    assert(code ~= 'unknown-reference', 'a step declared in the other file was reported unknown: ' .. d.message)
    record(string.format('diagnostic %s line %d severity %d: %s', code, d.lnum, d.severity, d.message))
  end

  -- Hover on the `frequency` key (line 6, 0-based).
  local uri = vim.uri_from_bufnr(buf)
  local hover = request(buf, 'textDocument/hover', { textDocument = { uri = uri }, position = { line = 6, character = 4 } })
  assert(hover and hover.contents, 'no hover')
  local text = hover.contents.value or hover.contents
  if type(text) == 'table' then
    text = vim.inspect(text)
  end
  record('hover ' .. text:gsub('\n', ' '))

  -- Go to definition on the step `hmis` (line 2).
  local line = vim.api.nvim_buf_get_lines(buf, 2, 3, false)[1]
  local col = line:find('hmis', 1, true) - 1
  local result = request(buf, 'textDocument/definition', { textDocument = { uri = uri }, position = { line = 2, character = col + 1 } })
  assert(result, 'no definition')
  local location = result[1] or result
  local target_uri = location.uri or location.targetUri
  local range = location.range or location.targetSelectionRange
  record(string.format('definition %s line %d col %d', vim.fn.fnamemodify(vim.uri_to_fname(target_uri), ':t'), range.start.line, range.start.character))

  -- Neovim 0.10 and later keep the deprecated functions called so far.
  if vim.fn.has('nvim-0.10') == 1 then
    vim.cmd('silent checkhealth vim.deprecated')
    local report = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), ' ')
    record(report:find('No deprecated functions detected', 1, true) and 'deprecated none' or 'deprecated ' .. report)
  end
end)

-- Everything Neovim said on the way (a deprecation warning lands here).
for _, message in ipairs(vim.split(vim.fn.execute('messages'), '\n', { trimempty = true })) do
  record('message ' .. message)
end

local out = io.open(os.getenv('FLOWSPEC_OUT'), 'w')
if out then
  out:write(table.concat(results, '\n') .. '\n')
  out:close()
end
if ok then
  vim.cmd('qall!')
else
  io.stderr:write('FAIL: ' .. tostring(err) .. '\n')
  vim.cmd('cquit 1')
end
