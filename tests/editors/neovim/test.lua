-- Headless Neovim as a Flowspec client. Inputs in the environment:
-- FLOWSPEC_BIN (the server), FLOWSPEC_PLUGIN (editors/neovim),
-- FLOWSPEC_ROOT (a copy of tests/editors/fixture), FLOWSPEC_OUT (results).
-- Any failure ends Neovim with exit status 1 and the reason on stderr.
local results = {}
local function record(line)
  table.insert(results, line)
end

local function client_of(buf)
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

local ok, err = pcall(function()
  local root = os.getenv('FLOWSPEC_ROOT')
  vim.opt.runtimepath:prepend(os.getenv('FLOWSPEC_PLUGIN'))
  vim.cmd('runtime! ftdetect/flow.vim')
  require('flowspec').setup({ cmd = { os.getenv('FLOWSPEC_BIN'), 'lsp' }, root_dir = root })

  vim.cmd('edit ' .. root .. '/flows.flow')
  local buf = vim.api.nvim_get_current_buf()
  assert(vim.bo[buf].filetype == 'flow', 'filetype is ' .. vim.bo[buf].filetype)
  record('filetype flow')

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
    record(string.format('diagnostic %s line %d: %s', code, d.lnum, d.message))
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
end)

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
