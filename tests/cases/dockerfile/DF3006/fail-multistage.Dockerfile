FROM maven:3.9-eclipse-temurin-21 AS build
RUN mvn -B package

FROM eclipse-temurin AS runtime
COPY --from=build /target/app.jar /app.jar
FROM runtime
# expect: DF3006@4
