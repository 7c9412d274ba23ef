# Builds and runs one vetcd member. (No Docker engine on the dev machines: untested here.)
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY src src
RUN mvn -B -q package -DskipTests

FROM eclipse-temurin:17-jre
WORKDIR /var/lib/vetcd
COPY --from=build /src/target/vetcd.jar /opt/vetcd/vetcd.jar
EXPOSE 2379 2380
ENTRYPOINT ["java", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "-jar", "/opt/vetcd/vetcd.jar"]
CMD ["--listen-client-urls", "http://0.0.0.0:2379", "--advertise-client-urls", "http://localhost:2379"]
