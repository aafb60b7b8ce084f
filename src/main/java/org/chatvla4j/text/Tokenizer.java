package org.chatvla4j.text;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.chatvla4j.config.SpecialTokens;

/**
 * A Hugging Face {@code tokenizer.json} (BPE, byte-level BPE or WordLevel; merges as {@code "a b"} strings or as
 * pairs) run by the Rust tokenizers library through DJL, so ids match Hugging Face exactly.
 *
 * <p>Encoding adds no BOS/EOS, never truncates (DJL's default would silently cut at 512 tokens) and never pads;
 * special tokens written in the text ({@code <|im_start|>}, {@code <|image_pad|>}, ...) are parsed as single ids.
 * Id/token lookups read the vocabulary and {@code added_tokens} from the same file, because the native library does
 * not expose them.
 */
public final class Tokenizer implements AutoCloseable {
  /** The chat and vision tokens the Qwen2-VL prompt format needs. */
  public static final List<String> CHAT_VISION_TOKENS = List.of(
      QwenTokens.END_OF_TEXT, QwenTokens.IM_START, QwenTokens.IM_END,
      QwenTokens.VISION_START, QwenTokens.VISION_END, QwenTokens.IMAGE_PAD);

  private static final String TINY_RESOURCE = "tiny-tokenizer.json";

  private final String source;
  private final String json;
  private final HuggingFaceTokenizer hf;
  private final Map<String, Integer> tokenToId;
  private final String[] idToToken;
  private final boolean[] special;

  private Tokenizer(String source, String json) {
    this.json = json;
    this.source = source;
    tokenToId = new HashMap<>();
    List<Integer> specialIds = new ArrayList<>();
    readVocabulary(source, json, tokenToId, specialIds);
    int size = tokenToId.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
    idToToken = new String[size];
    tokenToId.forEach((token, id) -> idToToken[id] = token);
    special = new boolean[size];
    specialIds.forEach(id -> special[id] = true);
    hf = openNative(source, json);
  }

  /** Loads {@code tokenizer.json} (or a gzip-compressed {@code tokenizer.json.gz}) from a file. */
  public static Tokenizer load(Path file) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      return new Tokenizer(file.toString(), unzipIfGzip(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read tokenizer file " + file + ": " + e.getMessage(), e);
    }
  }

  /** The tabletop tokenizer shipped in the jar ({@code org/chatvla4j/text/tiny-tokenizer.json}, 512 ids). */
  public static Tokenizer tiny() {
    try (InputStream in = Tokenizer.class.getResourceAsStream(TINY_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource org/chatvla4j/text/" + TINY_RESOURCE
            + " is missing from the class path; rebuild it with TinyTokenizerGenerator");
      }
      return new Tokenizer("classpath:org/chatvla4j/text/" + TINY_RESOURCE, unzipIfGzip(in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Builds a tokenizer from the JSON text itself; {@code source} names it in error messages. */
  public static Tokenizer fromJson(String json, String source) {
    return new Tokenizer(source, json);
  }

  /** The {@code tokenizer.json} text this tokenizer was built from (what a checkpoint directory saves). */
  public String json() {
    return json;
  }

  /** Token ids of {@code text}; no special tokens are added, special tokens written in the text are parsed. */
  public long[] encode(String text) {
    return hf.encode(text, false, false).getIds();
  }

  /** The exact text of {@code ids}, special tokens included (the inverse of {@link #encode}). */
  public String decode(long[] ids) {
    checkIds(ids);
    return hf.decode(ids, false);
  }

  /** The text of {@code ids} with special tokens ({@code <|im_end|>}, {@code <|image_pad|>}, ...) dropped. */
  public String decodeWithoutSpecialTokens(long[] ids) {
    checkIds(ids);
    return hf.decode(ids, true);
  }

  /** The id of a vocabulary or added token, e.g. {@code "<|im_start|>"} or {@code "Ġthe"}. */
  public int tokenToId(String token) {
    Integer id = tokenToId.get(token);
    if (id == null) {
      throw new IllegalArgumentException("token '" + token + "' is not in the vocabulary of " + source);
    }
    return id;
  }

  /** Whether {@code token} is a whole vocabulary or added token. */
  public boolean hasToken(String token) {
    return tokenToId.containsKey(token);
  }

  /** The vocabulary string of {@code id} (byte-level BPE shows spaces as {@code Ġ}). */
  public String idToToken(long id) {
    if (id < 0 || id >= idToToken.length || idToToken[(int) id] == null) {
      throw new IllegalArgumentException("id " + id + " is not in the vocabulary of " + source
          + " (ids 0.." + (idToToken.length - 1) + ")");
    }
    return idToToken[(int) id];
  }

  /** Whether {@code id} is an added token marked special (skipped by {@link #decodeWithoutSpecialTokens}). */
  public boolean isSpecial(long id) {
    return id >= 0 && id < special.length && special[(int) id];
  }

  /** Largest id + 1 (vocabulary plus added tokens): the number of embedding rows the model needs at least. */
  public int vocabSize() {
    return idToToken.length;
  }

  /** Where this tokenizer was read from. */
  public String source() {
    return source;
  }

  /**
   * Checks that every chat and vision token of the Qwen2-VL prompt format is present and returns their ids
   * ({@code <|endoftext|>} is both bos and pad, {@code <|im_end|>} is eos, as in Qwen2-VL's config).
   */
  public SpecialTokens specialTokens() {
    List<String> missing = CHAT_VISION_TOKENS.stream().filter(t -> !tokenToId.containsKey(t)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("tokenizer " + source + " lacks the chat/vision token(s) " + missing
          + " that the Qwen2-VL prompt format needs; use a Qwen2-VL tokenizer.json or add them to added_tokens");
    }
    int endOfText = tokenToId(QwenTokens.END_OF_TEXT);
    return new SpecialTokens(endOfText, tokenToId(QwenTokens.IM_END), endOfText, tokenToId(QwenTokens.IM_START),
        tokenToId(QwenTokens.VISION_START), tokenToId(QwenTokens.VISION_END), tokenToId(QwenTokens.IMAGE_PAD));
  }

  @Override
  public void close() {
    hf.close();
  }

  private void checkIds(long[] ids) {
    for (long id : ids) {
      if (id < 0 || id >= idToToken.length) {
        throw new IllegalArgumentException("cannot decode id " + id + ": " + source + " has ids 0.." + (idToToken.length - 1));
      }
    }
  }

  /**
   * Streams {@code model.vocab} and {@code added_tokens} out of the JSON and skips the rest: a tree of Qwen's 151 k
   * merges would cost seconds and hundreds of MB for data only the native library needs.
   */
  private static void readVocabulary(String source, String json, Map<String, Integer> tokenToId, List<Integer> specialIds) {
    boolean sawVocab = false;
    try (JsonParser p = new JsonFactory().createParser(json)) {
      expect(p.nextToken(), JsonToken.START_OBJECT, source, "the top level");
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if (field.equals("added_tokens") && p.currentToken() == JsonToken.START_ARRAY) {
          while (p.nextToken() == JsonToken.START_OBJECT) {
            String content = null;
            int id = -1;
            boolean isSpecial = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String key = p.currentName();
              p.nextToken();
              switch (key) {
                case "content" -> content = p.getText();
                case "id" -> id = p.getIntValue();
                case "special" -> isSpecial = p.getBooleanValue();
                default -> p.skipChildren();
              }
            }
            if (content == null || id < 0) {
              throw new IllegalArgumentException(source + ": an added_tokens entry lacks its content or id");
            }
            tokenToId.put(content, id);
            if (isSpecial) {
              specialIds.add(id);
            }
          }
        } else if (field.equals("model") && p.currentToken() == JsonToken.START_OBJECT) {
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            if (key.equals("vocab") && p.currentToken() == JsonToken.START_OBJECT) {
              sawVocab = true;
              while (p.nextToken() == JsonToken.FIELD_NAME) {
                String token = p.currentName();
                p.nextToken();
                tokenToId.putIfAbsent(token, p.getIntValue());
              }
            } else {
              p.skipChildren();
            }
          }
        } else {
          p.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(source + " is not valid JSON: " + e.getMessage(), e);
    }
    if (!sawVocab) {
      throw new IllegalArgumentException(source + " has no model.vocab object; is it a Hugging Face tokenizer.json?");
    }
  }

  private static void expect(JsonToken got, JsonToken want, String source, String where) {
    if (got != want) {
      throw new IllegalArgumentException(source + ": expected " + want + " at " + where + ", found " + got);
    }
  }

  private static HuggingFaceTokenizer openNative(String source, String json) {
    NativeCache.configure();
    // Options rather than the builder: the builder wants a path, and the tiny tokenizer lives in the jar.
    Map<String, String> options = Map.of(
        "addSpecialTokens", "false", "truncation", "false", "padding", "false", "withOverflowingTokens", "false");
    try {
      return HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), options);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("the tokenizers library rejected " + source + ": " + e.getMessage(), e);
    }
  }

  private static String unzipIfGzip(byte[] bytes) throws IOException {
    boolean gzip = bytes.length > 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
    if (!gzip) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
